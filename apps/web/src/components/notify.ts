import { notifications } from '@mantine/notifications';

/** Shows a green confirmation toast. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}

/** Shows a red toast with the server's (or network's) error message. */
export function notifyError(err: unknown, title = 'That did not work'): void {
  const message = err instanceof Error ? err.message : 'Something went wrong';
  notifications.show({ color: 'red', title, message, autoClose: 8000 });
}
