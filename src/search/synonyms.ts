/**
 * Words people type for what the reports call otherwise, each mapped to the reports' own words.
 * Keys and values are plain words; the analyzer stems both, so every inflection maps too.
 * Demonyms map to their country so "North Koreans" finds "North Korea" and the reverse.
 */
export const SYNONYMS: Readonly<Record<string, string>> = {
  dprk: 'north korea',
  pyongyang: 'north korea',
  nk: 'north korea',
  nkorea: 'north korea',
  korean: 'korea',
  russian: 'russia',
  ukrainian: 'ukraine',
  american: 'usa',
  america: 'usa',
  usa: 'usa',
  pentagon: 'department defense',
  zelenskyy: 'zelensky',
  zelenskiy: 'zelensky',
  zelenskii: 'zelensky',
  nyt: 'new york times',
  kremlin: 'putin',
  soldier: 'troop',
  die: 'kill',
  died: 'kill',
  dying: 'kill',
  dead: 'kill',
  death: 'kill',
  nuke: 'nuclear',
  porn: 'pornography',
  web: 'internet',
  online: 'internet',
  sent: 'deploy',
  send: 'deploy',
  dispatch: 'deploy',
  // British spellings in the reports, American ones in questions (or the reverse).
  defence: 'defense',
  manoeuvre: 'maneuver',
  armoured: 'armored',
  authorise: 'authorize',
  theatre: 'theater',
  favour: 'favor',
  mobilise: 'mobilize',
};
