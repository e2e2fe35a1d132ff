// Manifests that could not work are not printed: `stampede k8s` says why and exits 2 (nothing was
// sent anywhere), like an invalid scenario.
export class K8sRefusal extends Error {}
