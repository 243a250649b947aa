/**
 * Charts (recharts, drawn with the Mantine theme). A separate entry from `./index` so that
 * only the screens that draw charts load recharts; features import charts from here.
 */
export { BarChart, DonutChart } from '@mantine/charts';
