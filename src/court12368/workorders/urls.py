from django.urls import path

from court12368.workorders import views

urlpatterns = [
    path("", views.inbox, name="order-inbox"),
    path("callbacks/", views.callbacks, name="order-callbacks"),
    path("<str:number>/", views.detail, name="order-detail"),
    path("<str:number>/acknowledge/", views.acknowledge, name="order-acknowledge"),
    path("<str:number>/reply/", views.reply, name="order-reply"),
    path("<str:number>/transfer/", views.transfer, name="order-transfer"),
    path("<str:number>/return/", views.return_order, name="order-return"),
    path("<str:number>/dispatch/", views.dispatch, name="order-dispatch"),
    path("<str:number>/resolve/", views.resolve, name="order-resolve"),
    path("<str:number>/inform/", views.inform, name="order-inform"),
    path("<str:number>/callback/", views.callback, name="order-callback"),
    path("<str:number>/attachments/<int:pk>/", views.attachment, name="order-attachment"),
]
