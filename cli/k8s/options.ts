// The options of `stampede k8s` (args.ts hands them here): how many segments, which image, where.
import { parseDuration } from '../../scenario/units';
import { UsageError } from '../usage-error';

export interface K8sOptions {
  /** Segments, one pod each. */
  parallelism?: number;
  image?: string;
  namespace?: string;
  /** How long after the first pod starts the load starts, in ms. */
  leadMs?: number;
  storageClass?: string;
  /** A Secret whose keys become the pods' environment. */
  secret?: string;
}

export const K8S_FLAGS = new Set(['--parallelism', '--image', '--namespace', '--lead', '--storage-class', '--secret']);

/** A DNS-1123 label (namespaces) or subdomain (secrets, storage classes), as Kubernetes checks them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function k8sOption(options: K8sOptions, flag: string, value: string): K8sOptions {
  switch (flag) {
    case '--parallelism': {
      const n = Number(value);
      // Indexed Jobs take up to 100,000 completions; past a few thousand pods a run is better split.
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`--parallelism takes a whole number of segments from 1 to 10000, got "${value}"`);
      return { ...options, parallelism: n };
    }
    case '--image':
      if (!/^[^\s]+$/.test(value)) throw new UsageError(`--image takes an image reference such as registry.example.com/stampede:0.1.0, got "${value}"`);
      return { ...options, image: value };
    case '--namespace':
      if (value.length > 63 || !DNS_LABEL.test(value)) throw new UsageError(`--namespace takes a Kubernetes namespace name (lowercase letters, digits and '-'), got "${value}"`);
      return { ...options, namespace: value };
    case '--lead': {
      const ms = parseDuration(value);
      if (ms === undefined) throw new UsageError(`--lead takes a duration such as 30s or 2m, got "${value}"`);
      return { ...options, leadMs: Math.round(ms) };
    }
    case '--storage-class':
    case '--secret': {
      if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) throw new UsageError(`${flag} takes a Kubernetes object name (lowercase letters, digits, '-' and '.'), got "${value}"`);
      return flag === '--secret' ? { ...options, secret: value } : { ...options, storageClass: value };
    }
    default:
      throw new UsageError(`unknown option ${flag}`);
  }
}
