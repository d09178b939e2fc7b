import { compareIds } from "./compare-ids.js";
import { KNOWN_TAGS, type KnownTag, tagKey } from "./strategy-settings.js";

/** One customer's tags, read through the synonyms. */
export interface CustomerTags {
  /** Known tags the customer carries, in KNOWN_TAGS order, each once. */
  known: KnownTag[];
  /** Other tags as written in the customer list, in byte order, each once. */
  custom: string[];
}

/** Splits a customer's tags into known tags (through the synonyms) and custom tags. */
export function strategicTags(
  tags: readonly string[],
  synonyms: Readonly<Record<string, KnownTag>>,
): CustomerTags {
  const known = new Set<KnownTag>();
  const custom = new Set<string>();
  for (const tag of tags) {
    const key = tagKey(tag);
    if (key === "") continue;
    const k = synonyms[key];
    if (k !== undefined) known.add(k);
    else custom.add(tag);
  }
  return {
    known: KNOWN_TAGS.filter((k) => known.has(k)),
    custom: [...custom].sort(compareIds),
  };
}
