/**
 * The console's one way to show a button, a field, a table or a dialog. Features import
 * from here, not from the component library, so wrappers can add translation, focus and
 * accessibility defaults in one place.
 */
export {
  ActionIcon,
  Alert,
  Anchor,
  AppShell,
  Badge,
  Box,
  Button,
  Center,
  Checkbox,
  Code,
  Collapse,
  ColorSwatch,
  Container,
  Divider,
  Fieldset,
  FileInput,
  Grid,
  Group,
  Image,
  Indicator,
  Kbd,
  List,
  Loader,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput as BasePasswordInput,
  Popover,
  Progress,
  Radio,
  ScrollArea,
  SegmentedControl,
  Slider,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
export { ConfirmDialog } from './ConfirmDialog';
export { DataTable, type Column } from './DataTable';
export { DateField } from './DateField';
export { DetailDrawer } from './DetailDrawer';
export { Dialog } from './Dialog';
export { ErrorAlert } from './ErrorAlert';
export { LoadingState } from './LoadingState';
export { LoadMore } from './LoadMore';
export { NoAccess } from './NoAccess';
export { PageHeader } from './PageHeader';
export { Pager } from './Pager';
export { PasswordField } from './PasswordField';
export { StatusBadge } from './StatusBadge';
export { ShortcutHint } from './ShortcutHint';
export { SkipLink, MAIN_CONTENT_ID } from './SkipLink';
export { hideNotification, notifyInfo, notifySuccess, notifyWarning } from './notify';
export { useThemeOther } from './use-theme-other';
export { usePagination, type PaginationState } from './use-pagination';
