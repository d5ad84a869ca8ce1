// What can be wrong with a calendar change (setCalendarDays) or an official schedule file
// (importOfficialSchedule), one stable code per kind of problem. A refusal lists each problem as
// `{ path, code, message }` in VALIDATION_FAILED's details.errors: `path` says where (`days[2].date`),
// `code` is what a client words in its own language, `message` the English for API users.
// A client that meets a code it does not know shows `message`.

export const CALENDAR_PROBLEMS = {
  NOT_A_DATE: 'a date is not a real date written YYYY-MM-DD',
  WRONG_YEAR: "a schedule file's date is not in the file's year",
  YEAR_OUT_OF_RANGE: 'a year (or the year of a date) is outside 1900-2200',
  DUPLICATE_DATE: 'a date is listed twice',
  NO_DAYS: 'a change lists no day',
  TOO_MANY_DAYS: 'a change lists more than 400 days',
  MISSING: 'a required field is absent',
  WRONG_TYPE: 'a value of the wrong kind (text for true/false, a list for a number...)',
  NOT_A_WHOLE_NUMBER: 'the year has a fraction',
  BLANK: 'a text that must say something is empty',
  TOO_LONG: 'a text is longer than allowed',
  UNKNOWN_FIELD: 'a schedule file has a field the format does not know',
  NOT_WELL_FORMED: 'text that cannot be stored (control characters, broken Unicode) or nesting too deep',
  INVALID: 'anything else; `message` says what',
} as const;

export type CalendarProblemCode = keyof typeof CALENDAR_PROBLEMS;

export interface CalendarProblem {
  /** Where, as written in the input: `days[2].date`, `source`, `(root)`. */
  path: string;
  code: CalendarProblemCode;
  /** English, for API users and logs. */
  message: string;
}

/** The one-line English summary of a refusal: `days[2].date: must be in 2027; source: …`. */
export const describeCalendarProblems = (problems: readonly CalendarProblem[]): string =>
  problems.map((p) => `${p.path}: ${p.message}`).join('; ');
