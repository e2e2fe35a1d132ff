// The version every report and `stampede --version` carry.
export const STAMPEDE_VERSION = '0.1.0';
