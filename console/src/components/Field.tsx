import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> & {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
};

export function TextField({ label, value, onChange, hint, className, ...rest }: InputProps) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} {...rest} />
      <Hint id={id} hint={hint} />
    </div>
  );
}

/** A field's hint, named by `${id}-hint` so the control's aria-describedby finds it. */
function Hint({ id, hint }: { id: string; hint: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  ) : null;
}

/** A decimal money amount: typed as text so nothing is ever rounded by a number input. */
export function AmountField(props: Omit<InputProps, 'inputMode' | 'pattern'>) {
  return <TextField inputMode="decimal" pattern="[0-9]+([.][0-9]+)?" autoComplete="off" {...props} />;
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({ label, value, onChange, options, hint, required }: { label: string; value: string; onChange(value: string): void; options: Option[]; hint?: ReactNode; required?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} required={required} aria-describedby={hint ? `${id}-hint` : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} />
    </div>
  );
}

export function TextAreaField({ label, value, onChange, rows = 3, required }: { label: string; value: string; onChange(value: string): void; rows?: number; required?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={value} rows={rows} required={required} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
