// The one constructor the importer calls (sdk.ts types what it reads); the package's own
// declarations are not wired to its entry point.
declare module 'postman-collection' {
  export class Collection {
    constructor(definition?: unknown);
  }
}
