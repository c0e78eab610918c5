/** Days a paid plan is free after `skit billing enable` unless told otherwise (its own file: the CLI's help reads it at start). */
export const DEFAULT_GRANT_DAYS = 30;
