export const handler = async (_event: unknown) => ({ ok: true });
