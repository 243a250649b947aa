import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@mayak/domain';
import { useCallback, useState } from 'react';

export interface PaginationState {
  limit: number;
  offset: number;
  setOffset: (offset: number) => void;
  setLimit: (limit: number) => void;
  /** Back to the first page, e.g. when filters change. */
  reset: () => void;
}

export function usePagination(initialLimit = DEFAULT_PAGE_SIZE): PaginationState {
  const [limit, setLimitState] = useState(Math.min(initialLimit, MAX_PAGE_SIZE));
  const [offset, setOffset] = useState(0);
  const setLimit = useCallback((next: number) => {
    setLimitState(Math.min(Math.max(1, next), MAX_PAGE_SIZE));
    setOffset(0);
  }, []);
  const reset = useCallback(() => setOffset(0), []);
  return { limit, offset, setOffset, setLimit, reset };
}
