/** The longest phone number or SIP address a ring target takes (the API's `RingTargetInput.address`). */
export const RING_TARGET_ADDRESS_MAX = 200;
