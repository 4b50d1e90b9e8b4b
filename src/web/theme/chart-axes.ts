/** How every Recharts chart draws its axes: in the text colour of the panel, so both themes read alike. */
export const AXIS_TICK = { fill: 'currentColor', fontSize: 11 } as const;
export const AXIS_LINE = { stroke: 'currentColor', strokeOpacity: 0.3 } as const;

/** A chart's last bucket when its range ends inside it (partial-bucket.ts): drawn this faded. */
export const PARTIAL_BUCKET_OPACITY = 0.4;
