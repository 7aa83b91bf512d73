// Shows the example's markup next to it, read from the page itself before the element upgrades
// (this script runs before the script-tag build loads), so the source shown is the source that
// runs. A classic script, like the page's others: no build step on this page.
(function showSource() {
  var example = document.querySelector('#example passwordless-login');
  var source = document.getElementById('source');
  if (!example || !source) return;
  var lines = ['<script src="' + location.origin + '/cdn/passwordless-login.js"></script>', '', '<passwordless-login'];
  for (var i = 0; i < example.attributes.length; i += 1) {
    var attribute = example.attributes[i];
    lines.push('  ' + attribute.name + '="' + attribute.value.replace(/"/g, '&quot;') + '"');
  }
  lines[lines.length - 1] += '>';
  lines.push('</passwordless-login>');
  source.textContent = lines.join('\n') + '\n';
})();
