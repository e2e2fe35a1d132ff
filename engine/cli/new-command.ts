// `stampede new [NAME [FILE]]`: lists the scenario templates, or writes one out.
import { UsageError, type ParsedArgs } from './args';

export function newCommand(_args: ParsedArgs): Promise<number> {
  throw new UsageError('scenario templates are not part of this build yet');
}
