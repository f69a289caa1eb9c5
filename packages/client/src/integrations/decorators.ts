/**
 * Standard (TypeScript 5, TC39) decorators: `@capture()` on a class wraps all its methods,
 * on a method wraps that method. No `experimentalDecorators` needed.
 *
 * ```ts
 * @flawless.capture()
 * class Checkout { placeOrder() {…} }
 *
 * class Cart {
 *   @flawless.capture({ errorThreshold: 1 })
 *   total() {…}
 * }
 * ```
 */
import { wrapClass } from './wrap-class';
import { type WrapOptions, wrap } from './wrap-function';

type AnyFunction = (...args: never[]) => unknown;
type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * A decorator for a class (every method it defines, static ones included, reports its
 * errors, see `wrapClass`) or for one method, getter or setter (see `wrap`).
 */
export function capture(options: WrapOptions = {}) {
  function decorate<C extends AnyClass>(value: C, context: ClassDecoratorContext<C>): void;
  function decorate<F extends AnyFunction>(
    value: F,
    context: ClassMethodDecoratorContext | ClassGetterDecoratorContext | ClassSetterDecoratorContext,
  ): F;
  function decorate(
    value: AnyFunction | AnyClass,
    context:
      | ClassDecoratorContext
      | ClassMethodDecoratorContext
      | ClassGetterDecoratorContext
      | ClassSetterDecoratorContext,
  ): AnyFunction | undefined {
    if (context.kind === 'class') {
      wrapClass(value as AnyClass, options);
      return undefined;
    }
    return wrap(value as AnyFunction, options);
  }
  return decorate;
}
