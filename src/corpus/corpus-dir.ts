/** The report folder, from CORPUS_DIR: read the same way by the bot (src/discord/config.ts) and the terminal. */
export const DEFAULT_CORPUS_DIR = './corpus';

export function corpusDirFrom(environment: NodeJS.ProcessEnv): string {
  return environment.CORPUS_DIR?.trim() || DEFAULT_CORPUS_DIR;
}
