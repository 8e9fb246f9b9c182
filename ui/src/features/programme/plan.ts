// Small helpers for the forward plan and the portfolio screens.
import type { PlanItem, PlanStatus, ValueBand } from "../../shared/backend";

export const PLAN_STATUS_TEXT: Record<PlanStatus, string> = {
  planned: "Planned",
  moved: "Moved",
  held: "Held",
};

export const VALUE_BAND_TEXT: Record<ValueBand, string> = {
  under100k: "Under £100,000",
  from100k_to1m: "£100,000 to £1 million",
  from1m_to10m: "£1 million to £10 million",
  from10m: "£10 million or more",
  unknown: "No value recorded",
};

/**
 * A planned meeting that has evidently taken place but is not yet marked as held: its day
 * has come and the review group has reports on its agenda. The plan says so, so the
 * commissioner can mark it (holding stays a deliberate act).
 */
export function metButNotMarked(item: Pick<PlanItem, "status" | "date" | "date_confirmed" | "agenda">, today: string): boolean {
  return item.status !== "held" && item.date_confirmed && item.agenda > 0 && item.date <= today;
}

/** Today as YYYY-MM-DD, in local time. */
export function isoToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An ISO date `months` later (or earlier), the day kept where the month has it (31 Jan + 1 = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const [y = 1970, m = 1, d = 1] = iso.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** The CSS class that colours a heatmap cell for a level (1 to 5), or the empty one. */
export function levelClass(level: number | null | undefined): string {
  return level && level >= 1 && level <= 5 ? `app-level app-level--${level}` : "app-level app-level--none";
}

/**
 * Short column headings for the council's activities, by key (the full name is read out
 * too). An activity a revision adds has none, and is headed by its name.
 */
export const SHORT_ACTIVITY: Record<string, string> = {
  "planning-and-governance": "Planning",
  people: "People",
  administration: "Admin",
  "managing-relationships": "Relation­ships",
  "managing-performance": "Perform­ance",
  "payment-and-incentives": "Payment",
  risk: "Risk",
  "contract-development": "Develop­ment",
};

/** A contract chosen for a planned meeting, as the plan's form lists it. */
export type Chosen = { id: number; name: string; reference: string };
