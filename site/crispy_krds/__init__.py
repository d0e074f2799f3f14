"""The crispy-forms template pack for KRDS (the Korea Design System).

`CRISPY_TEMPLATE_PACK = "krds"` renders forms with the templates in
site/templates/krds/: every control gets its KRDS class (`krds-input`,
`krds-form-select`, `krds-form-check`), a `<label for>` (a fieldset and
legend for radios and checkboxes), and its hint and error messages tied to it
with `aria-describedby`; a control in error says `aria-invalid="true"` and its
messages stand above it. `{% load krds %}{% error_summary form %}` lists the
errors at the top of the page, each linked to its field.

- `fields`: how a bound field is split into label, hint, errors and control
  (the ids the summary links to come from here too);
- `layout`: the layout objects core crispy-forms lacks or gets wrong for us
  (`Fieldset` with a heading in its legend, `Submit` as a KRDS button). Both
  show their text as text: core crispy compiles a Fieldset's legend and a
  Submit's value as Django templates, which must never meet anything typed.
"""
