import { inspect } from 'node:util';

/** A fake of T: every method a jest mock, typed as T (private members included) so it can be handed to the code under test. */
export type StrictFake<T> = T & { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> & T[K] : T[K] };

// Properties that jest, promises and util.inspect probe on any object; they are not calls of the port.
const PROBED = new Set<PropertyKey>([
  'then',
  'asymmetricMatch',
  'toJSON',
  'nodeType',
  'tagName',
  '$$typeof',
  'constructor',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
]);

/**
 * A fake of a port (an abstract class or an interface) whose every method fails the test
 * when called without being set up: `unexpected call: Name.method(args)`. Set a method up
 * with the usual jest calls (`fake.find.mockResolvedValue(row)`); assert with
 * `expect(fake.find).toHaveBeenCalledWith(...)`. Works for abstract classes, whose
 * abstract methods do not exist at run time, because methods are made when first read.
 */
export function strictFake<T extends object>(name: string): StrictFake<T> {
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy({} as StrictFake<T>, {
    get(_target, property) {
      if (typeof property === 'symbol' || PROBED.has(property)) return undefined;
      // A value set on the fake (a method or a plain property such as `false`) is what is read back.
      if (methods.has(property)) return methods.get(property);
      const method = jest.fn((...args: unknown[]) => {
        throw new Error(`unexpected call: ${name}.${property}(${args.map((a) => inspect(a, { depth: 2, breakLength: Infinity })).join(', ')})`);
      });
      methods.set(property, method);
      return method;
    },
    set(_target, property, value) {
      methods.set(property, value);
      return true;
    },
  });
}
