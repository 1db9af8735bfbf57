// Times as the engine writes and reads them: DateTime64(3) text, 'YYYY-MM-DD hh:mm:ss.mmm' in UTC.
// Every module that writes a time column or reads one back as ISO uses these two functions, so the
// form cannot drift between tables.

/** 'YYYY-MM-DD hh:mm:ss.mmm' in UTC, the engine's DateTime64(3) text form */
export function toEngineTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** ISO 8601 (UTC) of a time the engine answered as text; ISO input is returned as it is */
export function isoFromEngineTime(text: string): string {
  return text.includes('T') ? text : `${text.replace(' ', 'T')}Z`;
}
