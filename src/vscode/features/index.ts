import type { Feature } from '../services';
import { showLogFeature } from './showLog';

/** Every feature of the extension, registered in this order by `activate`. */
export const features: readonly Feature[] = [showLogFeature];
