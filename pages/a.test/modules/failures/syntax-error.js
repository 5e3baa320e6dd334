// A module that does not parse.
export const broken = ;
