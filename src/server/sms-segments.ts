/**
 * How many segments an SMS takes: GSM-7 (GSM 03.38's basic set, its extension characters counting
 * twice) when every character is in it, 160 septets in one segment, 153 each when split; else
 * UCS-2, 70 UTF-16 units in one, 67 each when split.
 */
const GSM = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXT = new Set('^{}\\[~]|€\f');

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 units (UCS-2). */
  units: number;
  segments: number;
}

export function smsSegments(text: string): SmsSize {
  let units = 0;
  for (const c of text) {
    if (GSM.has(c)) units += 1;
    else if (GSM_EXT.has(c)) units += 2;
    else {
      units = -1;
      break;
    }
  }
  if (units >= 0) return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
