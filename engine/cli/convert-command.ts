// `stampede convert FILE --to json|yaml`: a scenario between YAML and JSON, without loss.
import { UsageError, type ParsedArgs } from './args';

export function convertCommand(_args: ParsedArgs): Promise<number> {
  throw new UsageError('convert is not part of this build yet');
}
