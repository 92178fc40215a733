import { parseTryJobId, tryJobId } from './try-job-id.js';

describe('tryJobId', () => {
  it('names one try of a row, and reads back as the row and the try', () => {
    const rowId = '0b8e3c1e-8f3a-4b8e-9d0c-2f3c4a5b6c7d';
    expect(tryJobId(rowId, 3)).toBe(`${rowId}.3`);
    expect(parseTryJobId(tryJobId(rowId, 3))).toEqual({ rowId, attempt: 3 });
  });
});
