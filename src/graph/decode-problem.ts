// io-ts failures as one BadData sentence naming the field: `edges[3][1] must be a non-negative
// integer, got -1`. The codecs' names complete "must be ...".
import * as t from 'io-ts';
import { badData, type BadData } from '../io/problems.js';
import { show } from '../shape/options.js';

/** `graphs[3].edges[0]`: the keys of a context, skipping the member indices of unions and intersections. */
const pathOf = (context: t.Context): string =>
  context.slice(1)
    .filter((_, i) => !(context[i].type instanceof t.IntersectionType || context[i].type instanceof t.UnionType))
    .map((entry, i) => (/^\d+$/.test(entry.key) ? `[${entry.key}]` : i === 0 ? entry.key : `.${entry.key}`))
    .join('');

const sentence = (e: t.ValidationError): string => {
  const path = pathOf(e.context);
  const expected = e.context[e.context.length - 1]?.type.name ?? 'valid';
  if (e.message !== undefined) return path === '' ? e.message : `${path}: ${e.message}`;
  if (path === '') return `must be ${expected}, got ${show(e.value)}`;
  return e.value === undefined ? `${path} is missing (must be ${expected})` : `${path} must be ${expected}, got ${show(e.value)}`;
};

/** The first failure (and how many more there are) as a BadData of `source`. */
export const decodeProblem = (source: string, errors: t.Errors): BadData => {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return badData(source, `${errors.length === 0 ? 'is malformed' : sentence(errors[0])}${more}`);
};
