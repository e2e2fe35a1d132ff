// Several runs at once, each in its own engine process: `active` lists those still going,
// `stopAll()` stops them together and waits for every report.
import type { Report, ScenarioModel } from './model';
import { RunHandle, type RunOptions } from './run-handle';

export class LoadTestManager {
  private readonly runs = new Set<RunHandle>();

  /** Starts a run (see `run()`); it leaves `active` when its engine has exited. */
  run(model: ScenarioModel, options?: RunOptions): RunHandle {
    const handle = new RunHandle(model, options);
    this.runs.add(handle);
    const leave = (): void => void this.runs.delete(handle);
    handle.report.then(leave, leave);
    return handle;
  }

  /** The runs going on, in the order they started. */
  get active(): RunHandle[] {
    return [...this.runs];
  }

  /** Stops every active run gracefully (teardown runs in each) and resolves with their reports. */
  async stopAll(reason = 'stopped by the caller'): Promise<Report[]> {
    const settled = await Promise.allSettled(this.active.map((handle) => handle.stop(reason)));
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }
}
