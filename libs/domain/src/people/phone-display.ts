/**
 * Country calling codes of one and two digits (ITU-T E.164 assignments); every other assigned code
 * has three. Codes are prefix-free, so this is enough to split any E.164 number without the
 * numbering plans' metadata (which the console loads only on the screens that check numbers).
 */
const ONE_DIGIT_CODES = new Set(['1', '7']);
const TWO_DIGIT_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

const E164 = /^\+(\d{7,15})$/;

function callingCodeLength(digits: string): number {
  if (ONE_DIGIT_CODES.has(digits.slice(0, 1))) return 1;
  return TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
}

/**
 * A full number written the way a masked one is (`maskPhone`): the country code, the first three
 * digits that say which operator, then the rest in pairs ending with the last two:
 * `+77011234567` -> `+7 701 123 45 67`, masked `+7 701 ••• •• 67`. Anything that is not an E.164
 * number (a masked one, an organisation's number as typed) is returned as it is.
 */
export function formatPhone(value: string): string {
  const match = E164.exec(value.trim());
  if (!match) return value;
  const digits = match[1]!;
  const code = digits.slice(0, callingCodeLength(digits));
  const national = digits.slice(code.length);
  if (national.length < 6) return `+${code} ${national}`;
  const head = national.slice(0, 3);
  const tail = national.slice(-2);
  const middle = national.slice(3, -2);
  const middleGroups = middle.length > 2 ? [middle.slice(0, -2), middle.slice(-2)] : [middle];
  return ['+' + code, head, ...middleGroups.filter(Boolean), tail].join(' ');
}
