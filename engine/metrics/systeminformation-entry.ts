// systeminformation in a bundle of its own (dist/systeminformation.js): the monitor thread loads
// it only where /proc is missing, so on Linux its 700 KB are never parsed.
export * from 'systeminformation';
