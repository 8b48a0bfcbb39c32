// RFC 5646 language tags (STIX 2.1 §3.2 `lang`, §7.2.3 granular markings). Well-formed by the
// RFC's grammar, and with a primary language subtag of the sizes the registry assigns (2 or 3
// letters): 4-letter and 5-to-8-letter primary subtags are well-formed but reserved, and none is
// registered, so `english` or `engl` name no language.
const LANGUAGE = '[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}';
const SCRIPT = '[A-Za-z]{4}';
const REGION = '(?:[A-Za-z]{2}|\\d{3})';
const VARIANT = '(?:[A-Za-z0-9]{5,8}|\\d[A-Za-z0-9]{3})';
const EXTENSION = '[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+';
const PRIVATE_USE = 'x(?:-[A-Za-z0-9]{1,8})+';
const LANGTAG = new RegExp(`^${LANGUAGE}(?:-${SCRIPT})?(?:-${REGION})?(?:-${VARIANT})*(?:-${EXTENSION})*(?:-${PRIVATE_USE})?$`);
const PRIVATE_ONLY = new RegExp(`^${PRIVATE_USE}$`, 'i');
/** The tags RFC 5646 §2.2.8 keeps from earlier RFCs whole, though the grammar above does not produce them. */
const GRANDFATHERED = new Set(
  [
    'en-GB-oed',
    'i-ami',
    'i-bnn',
    'i-default',
    'i-enochian',
    'i-hak',
    'i-klingon',
    'i-lux',
    'i-mingo',
    'i-navajo',
    'i-pwn',
    'i-tao',
    'i-tay',
    'i-tsu',
    'sgn-BE-FR',
    'sgn-BE-NL',
    'sgn-CH-DE',
    'art-lojban',
    'cel-gaulish',
    'no-bok',
    'no-nyn',
    'zh-guoyu',
    'zh-hakka',
    'zh-min',
    'zh-min-nan',
    'zh-xiang',
  ].map((tag) => tag.toLowerCase()),
);

export function isLanguageTag(value: string): boolean {
  return LANGTAG.test(value) || PRIVATE_ONLY.test(value) || GRANDFATHERED.has(value.toLowerCase());
}
