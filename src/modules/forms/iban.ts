/** IBAN checks (ISO 13616): two letters, two check digits, up to 30 letters or digits; mod 97 = 1. */
export const IBAN_PATTERN = '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$';

/** Lengths of the countries most often seen here; others need only the general shape. */
const LENGTHS: Record<string, number> = { DE: 22, AT: 20, CH: 21, NL: 18, BE: 16, FR: 27, IT: 27, ES: 24, PL: 28, LU: 20, DK: 18, CZ: 24 };

/** "de89 3704 0044 0532 0130 00" → "DE89370400440532013000". */
export const normalizeIban = (input: string) => input.replace(/[\s-]/g, '').toUpperCase();

export function ibanIsValid(iban: string): boolean {
  if (!new RegExp(IBAN_PATTERN).test(iban)) return false;
  const expected = LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}
