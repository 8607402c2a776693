/** The search box of a table's filters: one labelled field, as wide as the row allows. */
export function SearchField({
  id,
  placeholder,
  value,
  onChange,
}: {
  id: string;
  /** What it searches ("Tag, name, serial, model…"). */
  placeholder: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <div className="field field-search">
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        placeholder={placeholder}
        maxLength={200}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
