import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Rules = ReturnType<Lookup>;

/**
 * class-validator looks a class's rules up anew on every validation: it
 * filters all the rules it holds for the class, tests the class against every
 * decorated class of the app (`instanceof`, for inherited rules) and groups
 * the result by property, which cost a webhook about as much as checking its
 * fields. The rules only change when a decorator runs, so each lookup is kept
 * until then. Idempotent; the storage is class-validator's global one, which
 * Nest's ValidationPipe uses too.
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  const patched = storage as MetadataStorage & { [CACHED]?: true };
  if (patched[CACHED]) return;
  patched[CACHED] = true;
  let lookups = new WeakMap<object, Map<string, Rules>>();
  let groupings = new WeakMap<Rules, Record<string, Rules>>();
  const forget = () => {
    lookups = new WeakMap();
    groupings = new WeakMap();
  };
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let ofClass = lookups.get(target);
    if (!ofClass) lookups.set(target, (ofClass = new Map<string, Rules>()));
    const key = `${schema}|${always}|${strictGroups}|${groups ? JSON.stringify(groups) : ''}`;
    let found = ofClass.get(key);
    if (!found) ofClass.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let grouped = groupings.get(metadata);
    if (!grouped) groupings.set(metadata, (grouped = group(metadata)));
    return grouped;
  };
  const forgetting =
    <A>(add: (argument: A) => void) =>
    (argument: A) => {
      forget();
      add(argument);
    };
  storage.addValidationMetadata = forgetting(storage.addValidationMetadata.bind(storage));
  storage.addConstraintMetadata = forgetting(storage.addConstraintMetadata.bind(storage));
  storage.addValidationSchema = forgetting(storage.addValidationSchema.bind(storage));
}

const CACHED = Symbol('validation metadata cached');
