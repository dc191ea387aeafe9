// The Brown corpus as plain text, the part that runs anywhere: a tagged text (tokens word/tag)
// turned into readable sentences. Reading the installed package is brown.ts's (Node).

export interface BrownText { readonly id: string; readonly category: string; readonly text: string }

/** One tagged text → plain text: tags stripped, quotes restored, no space before punctuation. */
export const untagBrown = (tagged: string): string =>
  tagged.split(/\n\s*\n/).map((para) => para.trim().split(/\s+/).filter(Boolean).map((tok) => {
    const i = tok.lastIndexOf('/');
    return i > 0 ? tok.slice(0, i) : tok;
  }).join(' ')
    .replace(/``|''/g, '"')
    .replace(/ ([.,;:?!)])/g, '$1')
    .replace(/\( /g, '(')
    .replace(/" ([^"]*?) "/g, '"$1"'))
    .filter(Boolean).join('\n');
