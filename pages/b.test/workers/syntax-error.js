// Does not parse: imported from another origin, its SyntaxError must not leak.
function (
