import { resolve } from 'node:path';

/** ../shared/corpus beside the checkout, as CI and developers' machines lay it out. Tests run from the repo root. */
export const CORPUS_DIR = process.env.EMAIL_AUTH_CORPUS ?? resolve(process.cwd(), '..', 'shared', 'corpus');
