// Bad usage of the command line: exit code 2, with the usage text (cli/main.ts prints it). Its own
// file so that the option parsers args.ts calls (cli/k8s/options.ts) can throw it too.
export class UsageError extends Error {}
