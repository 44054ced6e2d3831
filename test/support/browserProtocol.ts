// The line the test page prints when uvu has finished, which the Node side waits for.
export const testsDoneLine = 'stacklab: browser tests done';
