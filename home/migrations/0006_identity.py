"""The agency's identity in one setting: names, slogan and logo beside the
contact details (home.identity reads them everywhere)."""

import django.db.models.deletion
from django.db import migrations, models

LEGAL_FORMS = ("재단법인", "사단법인")


def name_from_organisation_name(apps, schema_editor):
    """A site already running keeps its header: the shown name is the legal
    name without its legal form. The short name and slogan are left empty for
    the content loader, which fills empty fields from the agency's documents."""
    ContactSettings = apps.get_model("home", "ContactSettings")
    for contact in ContactSettings.objects.filter(name=""):
        name = contact.organisation_name.strip()
        for form in LEGAL_FORMS:
            name = name.removeprefix(form).strip()
        contact.name = name
        contact.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0005_figure_block'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='contactsettings',
            options={'verbose_name': '기관 정보', 'verbose_name_plural': '기관 정보'},
        ),
        migrations.AddField(
            model_name='contactsettings',
            name='logo',
            field=models.ForeignKey(blank=True, help_text='머리글의 기관명 앞에 보입니다 (선택). 비워 두면 이름만 보입니다.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='로고'),
        ),
        migrations.AddField(
            model_name='contactsettings',
            name='name',
            field=models.CharField(default='', help_text='머리글, 전자우편, 일정 파일, 알림 제목에 보이는 이름 (법인 형태를 뺀 이름).', max_length=100, verbose_name='기관명'),
        ),
        migrations.AddField(
            model_name='contactsettings',
            name='short_name',
            field=models.CharField(default='', help_text='문장 안에서 기관을 부를 때 쓰는 짧은 이름 (예: ○○○ 종합재가센터).', max_length=40, verbose_name='줄인 이름'),
        ),
        migrations.AddField(
            model_name='contactsettings',
            name='slogan',
            field=models.CharField(blank=True, max_length=200, verbose_name='슬로건'),
        ),
        migrations.AlterField(
            model_name='contactsettings',
            name='organisation_name',
            field=models.CharField(default='', help_text='등기된 정식 이름 (예: 재단법인 ○○○). 페이지 제목, 바닥글, 검색엔진용 기관 정보에 씁니다.', max_length=100, verbose_name='법인명'),
        ),
        migrations.RunPython(name_from_organisation_name, migrations.RunPython.noop),
    ]
