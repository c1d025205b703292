"""Form fields for choosing a court's own things."""

from django import forms


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department of the one court the form is about, named without that court's name ("民事审判第一庭",
    not "朝阳区人民法院 民事审判第一庭")."""

    def label_from_instance(self, obj) -> str:
        return obj.name
