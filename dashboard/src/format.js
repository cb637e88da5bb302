// Values as the chain has them: OPEN amounts are u128 with 18 decimals, carried as BigInt and
// printed exactly (never through a float); accounts in SS58.

export const DECIMALS = 18n;
export const OPEN = 10n ** DECIMALS;

/** `amount` (BigInt or a codec/string of an integer) in OPEN, exact: "1.624", "0.000000000000000001". */
export function open(amount) {
  const value = toBigInt(amount);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = (abs / OPEN).toLocaleString('en-US');
  const fraction = (abs % OPEN).toString().padStart(Number(DECIMALS), '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''} OPEN`;
}

/** A BigInt from a BigInt, a number, a decimal string or a polkadot-js integer codec. */
export function toBigInt(value) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') return BigInt(value.replace(/,/g, ''));
  if (value && typeof value.toBigInt === 'function') return value.toBigInt();
  if (value && typeof value.toString === 'function') return BigInt(value.toString());
  throw new Error(`not an integer: ${value}`);
}

/** A short form of an SS58 address for tables; the full one is in the title. */
export function short(address) {
  const text = String(address);
  return text.length > 16 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text;
}

/** The dev accounts by address, to name them where they appear. */
export const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];

/** A Perbill (parts per billion) as a percentage. */
export function perbill(parts) {
  const value = toBigInt(parts);
  const hundredths = (value * 10000n) / 1_000_000_000n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} %`;
}

/** Bytes for people. */
export function bytes(n) {
  const value = Number(n);
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / 1024 / 1024).toFixed(1)} MiB`;
}

/** A text of bytes from the chain (a `Bytes` codec or hex), as UTF-8 where it is. */
export function text(value) {
  if (value == null) return '';
  if (typeof value.toUtf8 === 'function') {
    try {
      return value.toUtf8();
    } catch {
      return value.toHex();
    }
  }
  return String(value);
}
