/** The parts of a moment in a given IANA zone (local time when none). */
export interface DateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  epoch: string;
}

export function dateParts(date: Date, timezone?: string): DateParts {
  const epoch = String(Math.floor(date.getTime() / 1000));
  if (!timezone) {
    const p = (n: number) => String(n).padStart(2, '0');
    return { year: String(date.getFullYear()), month: p(date.getMonth() + 1), day: p(date.getDate()), hour: p(date.getHours()), minute: p(date.getMinutes()), second: p(date.getSeconds()), epoch };
  }
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const parts = Object.fromEntries(fmt.formatToParts(date).map((x) => [x.type, x.value]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!, epoch };
}

/** `2026-02-04 15:30:00`, the Create Date of the header comment. */
export function formatCreateDate(d: DateParts): string {
  return `${d.year}-${d.month}-${d.day} ${d.hour}:${d.minute}:${d.second}`;
}

/**
 * Alembic's slug: the message's words joined by `_`, lower-cased; when longer than the
 * limit, cut at the limit and back to the last whole word. Unlike Alembic, never with a `_` at
 * either end (Alembic keeps the one left by the cut: `add_a_column_to_.py`).
 */
export function slugify(message: string, truncate: number): string {
  let slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  if (slug.length > truncate) {
    const cut = slug.slice(0, truncate);
    const last = cut.lastIndexOf('_');
    slug = last > 0 ? cut.slice(0, last) : cut;
  }
  return slug.replace(/_+/g, '_').replace(/^_|_$/g, '');
}

/** Fills `fileTemplate` tokens: `{year}{month}{day}_{rev}_{slug}` → `20260204_3f1c2a9b8d7e_add_timeout`. */
export function renderFileName(template: string, tokens: DateParts & { rev: string; slug: string }): string {
  const name = template.replace(/\{(\w+)\}/g, (whole, token: string) => (token in tokens ? tokens[token as keyof typeof tokens] : whole));
  // A message without words leaves the separator before {slug} dangling.
  return tokens.slug === '' ? name.replace(/[_-]+$/, '') : name;
}
