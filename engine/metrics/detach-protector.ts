// V8 compiles typed-array code on the promise that no ArrayBuffer has ever been detached (its
// "ArrayBufferDetaching" protector). The first detach in a process breaks that promise for good
// and throws away every optimised function that relied on it. Here the first detach was the
// first checkpoint handing its histograms to the monitor thread (a transfer detaches): one
// second into the load, the whole hot request path fell back to the interpreter and was compiled
// again on the same core (closed 50 users on nginx: per-interval p99 10-20 ms for the next
// half-second, against ~2 ms steady). Detaching one empty buffer before anything is compiled
// spends the promise while it costs nothing; code compiled later never counts on it.
// (`--trace-protector-invalidation` shows it: "Invalidating protector cell ArrayBufferDetaching".)

/** Detaches a throwaway ArrayBuffer; call it first thing in every isolate that sends load. */
export function detachOneBufferEarly(): void {
  const buffer = new ArrayBuffer(0);
  structuredClone(buffer, { transfer: [buffer] });
}
