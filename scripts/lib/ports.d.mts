export function portIsFree(port: number, host?: string): Promise<boolean>;
export function pickPort(wanted: string | undefined, preferred: number, label: string): Promise<number>;
