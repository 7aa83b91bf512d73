// Shows the example's markup next to it, read from the page itself before the element upgrades,
// so the source shown is always the source that runs. A classic script, like the page's others.
(function showSource() {
  var example = document.getElementById('example');
  var source = document.getElementById('source');
  if (!example || !source) return;
  var scriptTag = '<script src="' + location.origin + '/cdn/passwordless-login.js"></script>';
  source.textContent = scriptTag + '\n\n' + example.innerHTML.trim() + '\n';
})();
