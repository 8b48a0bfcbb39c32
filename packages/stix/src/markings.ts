// Data markings (STIX 2.1 §7.2): the only TLP marking definitions there may be, and granular
// marking selectors that must point at content the object has.
type StixRecord = Record<string, unknown>;

/** §7.2.1.4: "Other instances of tlp-marking MUST NOT be used or created." */
const TLP_INSTANCES: Readonly<Record<string, string>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'white',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};
const TLP_CREATED = '2017-01-20T00:00:00.000Z';

export function tlpProblems(o: StixRecord): string[] {
  if (o.type !== 'marking-definition' || o.definition_type !== 'tlp') return [];
  const colour = TLP_INSTANCES[o.id as string];
  if (colour === undefined) return ['a TLP marking definition must be one of the four the standard defines, with their ids (§7.2.1.4)'];
  const definition = o.definition as StixRecord | undefined;
  if (definition?.tlp !== colour || o.created !== TLP_CREATED || o.name !== `TLP:${colour.toUpperCase()}`) {
    return [`${o.id} is TLP:${colour.toUpperCase()}: its created, name and definition must be the standard's (§7.2.1.4)`];
  }
  return [];
}

/** Why a selector does not reach content of `root`, or null when it does (§7.2.3.1, "Selector Syntax"). */
function unreachable(root: StixRecord, selector: string): string | null {
  let node: unknown = root;
  for (const component of selector.split('.')) {
    const index = /^\[(\d+)\]$/.exec(component);
    if (index) {
      if (!Array.isArray(node)) return `${component} indexes something that is not a list`;
      if (Number(index[1]) >= node.length) return `${component} is past the end of the list`;
      node = node[Number(index[1])];
    } else {
      if (component === '' || !node || typeof node !== 'object' || Array.isArray(node))
        return `${component || 'an empty component'} names a property of something that is not an object`;
      if (!Object.hasOwn(node, component)) return `${component} is not present`;
      node = (node as StixRecord)[component];
    }
  }
  return null;
}

export function selectorProblems(o: StixRecord): string[] {
  if (!Array.isArray(o.granular_markings)) return [];
  const problems: string[] = [];
  o.granular_markings.forEach((marking, i) => {
    const selectors = (marking as StixRecord | null)?.selectors;
    if (!Array.isArray(selectors)) return;
    selectors.forEach((selector, j) => {
      if (typeof selector !== 'string') return;
      const why = unreachable(o, selector);
      if (why) problems.push(`granular_markings[${i}].selectors[${j}] "${selector}" selects nothing: ${why} (§7.2.3.1)`);
    });
  });
  return problems;
}
