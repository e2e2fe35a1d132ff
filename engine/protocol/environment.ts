// What the driver passes to the engine process through its environment, beside the messages.

/**
 * NODE_EXTRA_CA_CERTS's value, under a name Node does not read at start: the engine is forked
 * without NODE_EXTRA_CA_CERTS (60 ms of every Node start on a small machine) and reads the file
 * itself on its first TLS connection (engine/runtime/extra-ca.ts).
 */
export const EXTRA_CA_VARIABLE = 'STAMPEDE_EXTRA_CA_CERTS';
