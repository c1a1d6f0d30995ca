/**
 * A real PNG, 4 × 2 pixels of the threshold's red, 73 bytes: the signature, IHDR, one IDAT and IEND, each chunk
 * with its CRC. What the CloudWatch stand-in answers GetMetricWidgetImage with.
 */
export const SMALL_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAIAAADwyuo0AAAAEElEQVR4nGO4pq4BRwzIHAB8kgkpFU6iGQAAAABJRU5ErkJggg==', 'base64'),
);

/** GetMetricWidgetImage's answer as CloudWatch's JSON protocol carries it: the image base64-encoded. */
export const widgetImageBody = (png: Uint8Array = SMALL_PNG) => ({ MetricWidgetImage: Buffer.from(png).toString('base64') });
