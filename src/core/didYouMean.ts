/**
 * "Did you mean …?" for a mistyped name: the edit distance (Levenshtein, a swap of two neighbours
 * counting as one edit) and the known names close enough to suggest.
 */

/** Edits (insert, delete, replace, swap of adjacent characters) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  // d[i][j]: distance between a[0..i) and b[0..j); three rows suffice for the swap.
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

/** The most edits a suggestion for `word` may be away: 1 for short words, about a third of longer ones. */
export function maxSuggestionDistance(word: string): number {
  return Math.max(1, Math.floor(word.length / 3));
}

/** The known names nearest to `word` (case-insensitive), nearest first, within `maxDistance` (a name that differs only in case is nearest); none when `word` is known. */
export function closestNames(word: string, known: Iterable<string>, maxDistance = maxSuggestionDistance(word)): string[] {
  const w = word.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const name of new Set(known)) {
    if (name === word) return [];
    const d = editDistance(w, name.toLowerCase());
    if (d <= maxDistance) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  const best = scored.length > 0 ? scored[0].d : 0;
  return scored.filter((s) => s.d === best).map((s) => s.name);
}

/** "did you mean gamma?" (or "gamma or gama2?"), or "" when no known name is close. `show` formats a name (e.g. adds "--"). */
export function didYouMean(word: string, known: Iterable<string>, show: (name: string) => string = (n) => n): string {
  return suggestionText(closestNames(word, known).map(show));
}

/** "did you mean a?", "did you mean a or b?", "did you mean a, b or c?" (at most three), or "" for none. */
export function suggestionText(names: readonly string[]): string {
  const shown = names.slice(0, 3);
  if (shown.length === 0) return "";
  return `did you mean ${shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`}?`;
}
