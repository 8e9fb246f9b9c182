// Display formats a council officer expects: "1 April 2016", "£1,250,000".

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "2016-04-01" -> "1 April 2016"; anything else is returned as it is. */
export function ukDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** "2027-04-01" -> "April 2027": a month only, never shown as its first day. */
export function ukMonth(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${month} ${m[1]}` : iso;
}

/**
 * A planned meeting's date as the forward plan writes it: "14 January 2027", or for a
 * month only "April 2027 (date tbc)" (the committee paper's words).
 */
export function plannedDate(p: { date: string; date_confirmed: boolean }): string {
  return p.date_confirmed ? ukDate(p.date) : `${ukMonth(p.date)} (date tbc)`;
}

/** "2016-04-01" -> "01/04/2016", the short date of a narrow table column; anything else as it is. */
export function slashDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * A whole number with commas between thousands, as the council writes it: 1250000 ->
 * "1,250,000". Written out rather than `toLocaleString("en-GB")`, which builds a new ICU
 * formatter at every call (a register page of 50 values took 20 ms more to show).
 */
export function grouped(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return (n < 0 && digits !== "0" ? "-" : "") + digits.replace(/\B(?=(\d{3})+$)/g, ",");
}

/** Pence to pounds with thousands separators; whole pounds show no pence. */
export function pounds(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return "";
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  const whole = grouped(Math.floor(abs / 100));
  const p = abs % 100;
  return `${sign}£${whole}${p === 0 ? "" : "." + String(p).padStart(2, "0")}`;
}

/** An RFC 3339 time to "14:05" local time, for "Saved at 14:05". */
export function clockTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** An RFC 3339 time to "22 November 2026 at 14:05", local time. */
export function ukDateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return `${ukDate(iso)} at ${clockTime(rfc3339)}`;
}

/** Now, as the RFC 3339 time the save status shows. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** A file size as people read it: "820 bytes", "14 KB", "3.2 MB" (decimal units, as file managers show). */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** "eight", "nine", … as a committee paper writes a small number; digits from 13. */
export function numberInWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}
