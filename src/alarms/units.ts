/**
 * Byte units. Storage and memory thresholds are GiB/MiB (powers of 1024): RDS allocates storage in GiB and
 * CloudWatch reports FreeStorageSpace and FreeableMemory in bytes, so "10 GiB" is exactly 10 × 1024³ bytes.
 * Stage overrides are written in CloudWatch's unit (bytes) through these helpers: `threshold: gib(20)`.
 */
export const BYTES_PER_MIB = 1024 ** 2;
export const BYTES_PER_GIB = 1024 ** 3;

export const mib = (n: number): number => n * BYTES_PER_MIB;
export const gib = (n: number): number => n * BYTES_PER_GIB;

export const bytesToGiB = (bytes: number): number => bytes / BYTES_PER_GIB;
